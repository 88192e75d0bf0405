# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="A high-quality and portable font engine"
HOMEPAGE="https://example.org/bootorder"
LICENSE="|| ( FTL GPL-2+ )"
SLOT="2"
KEYWORDS="amd64 arm64"
IUSE="+harfbuzz +png"
DEPEND="sys-libs/zlib harfbuzz? ( media-libs/harfbuzz[truetype] )"
RDEPEND="sys-libs/zlib harfbuzz? ( media-libs/harfbuzz[truetype] )"
BDEPEND="app-arch/xz-utils"
