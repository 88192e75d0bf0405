# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="The GNU Compiler Collection (live ebuild, unkeyworded)"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-3+"
SLOT="15"
KEYWORDS=""
IUSE="+cxx"
DEPEND="virtual/zlib:="
BDEPEND="sys-devel/binutils"
