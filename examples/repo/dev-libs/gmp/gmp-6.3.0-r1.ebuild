# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Library for arbitrary-precision arithmetic"
HOMEPAGE="https://example.org/bootorder"
LICENSE="|| ( LGPL-3+ GPL-2+ )"
SLOT="0/10.4"
KEYWORDS="amd64 arm64"
IUSE="+asm +cxx static-libs"
BDEPEND="app-arch/xz-utils sys-devel/m4 app-portage/elt-patches"
