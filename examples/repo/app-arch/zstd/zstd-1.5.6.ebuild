# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="zstd fast compression library"
HOMEPAGE="https://example.org/bootorder"
LICENSE="|| ( BSD GPL-2 )"
SLOT="0/1"
KEYWORDS="amd64 arm64"
IUSE="+lzma static-libs"
DEPEND="lzma? ( app-arch/xz-utils )"
RDEPEND="lzma? ( app-arch/xz-utils )"
