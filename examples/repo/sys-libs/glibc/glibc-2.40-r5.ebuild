# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="GNU libc C library"
HOMEPAGE="https://example.org/bootorder"
LICENSE="LGPL-2.1+ BSD HPND"
SLOT="2.2"
KEYWORDS="amd64 arm64"
IUSE="+multiarch +ssp systemtap test"
DEPEND="virtual/os-headers"
BDEPEND=">=sys-devel/binutils-2.27 >=sys-devel/gcc-6.2 sys-devel/m4 app-arch/xz-utils"
