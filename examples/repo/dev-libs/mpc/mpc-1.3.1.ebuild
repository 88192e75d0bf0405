# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Library for complex numbers with arbitrarily high precision"
HOMEPAGE="https://example.org/bootorder"
LICENSE="LGPL-2.1+"
SLOT="0/3"
KEYWORDS="amd64 arm64"
IUSE="static-libs"
DEPEND=">=dev-libs/gmp-5.0.0:0= >=dev-libs/mpfr-4.1.0:0="
RDEPEND=">=dev-libs/gmp-5.0.0:0= >=dev-libs/mpfr-4.1.0:0="
BDEPEND="app-portage/elt-patches"
