# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="An OpenType text shaping engine"
HOMEPAGE="https://example.org/bootorder"
LICENSE="Old-MIT ISC icu"
SLOT="0/6.0.0"
KEYWORDS="amd64 arm64"
IUSE="+truetype test"
DEPEND="truetype? ( media-libs/freetype:2 )"
RDEPEND="truetype? ( media-libs/freetype:2 )"
BDEPEND="app-arch/xz-utils"
