# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Library for multiple-precision floating-point computations"
HOMEPAGE="https://example.org/bootorder"
LICENSE="LGPL-2.1"
SLOT="0/6"
KEYWORDS="amd64 arm64"
IUSE="static-libs"
DEPEND=">=dev-libs/gmp-5.0.0:0="
RDEPEND=">=dev-libs/gmp-5.0.0:0="
BDEPEND="app-arch/xz-utils app-portage/elt-patches"
