# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="The GNU Compiler Collection"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-3+ LGPL-3+"
SLOT="14"
KEYWORDS="amd64 arm64"
IUSE="+cxx +fortran +nls +openmp +sanitize multilib test zstd"
DEPEND="elibc_glibc? ( sys-libs/glibc ) virtual/zlib:= >=dev-libs/gmp-4.3.2:0= >=dev-libs/mpfr-2.4.2:0= >=dev-libs/mpc-0.8.1:0= zstd? ( app-arch/zstd:= )"
RDEPEND="virtual/zlib:= >=dev-libs/gmp-4.3.2:0= >=dev-libs/mpfr-2.4.2:0= >=dev-libs/mpc-0.8.1:0= nls? ( sys-devel/gettext ) zstd? ( app-arch/zstd:= )"
BDEPEND="sys-devel/binutils:* app-portage/elt-patches sys-devel/m4 nls? ( sys-devel/gettext )"
PDEPEND=">=sys-devel/gcc-config-2.11"
