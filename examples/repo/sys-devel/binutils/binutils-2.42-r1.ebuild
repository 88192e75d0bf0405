# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Tools necessary to build programs"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-3+"
SLOT="2.42"
KEYWORDS="amd64 arm64"
IUSE="+nls +zstd static-libs test"
DEPEND="virtual/zlib:= zstd? ( app-arch/zstd:= )"
RDEPEND="virtual/zlib:= zstd? ( app-arch/zstd:= )"
BDEPEND="app-arch/xz-utils sys-devel/m4 nls? ( sys-devel/gettext )"
