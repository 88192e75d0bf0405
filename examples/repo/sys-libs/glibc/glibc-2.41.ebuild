# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="GNU libc C library (testing)"
HOMEPAGE="https://example.org/bootorder"
LICENSE="LGPL-2.1+"
SLOT="2.2"
KEYWORDS="~amd64"
IUSE="+multiarch"
DEPEND="virtual/os-headers"
BDEPEND=">=sys-devel/binutils-2.27 >=sys-devel/gcc-6.2"
