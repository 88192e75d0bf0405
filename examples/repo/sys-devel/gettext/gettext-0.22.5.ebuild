# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="GNU locale utilities"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-3+ LGPL-2.1+"
SLOT="0"
KEYWORDS="amd64 arm64"
IUSE="+acl +cxx +openmp +xattr nls"
DEPEND="virtual/libiconv"
RDEPEND="virtual/libiconv"
# openmp needs a compiler built with it: stage 1's gcc (USE="-* ...") is not, so in
# stage 3 gcc[nls] -> gettext -> gcc[openmp] is a build cycle nothing installed breaks
# (Gentoo releng's package.use/releng/openmp: "compilers from stage1 do not have openmp
# capability").
BDEPEND="app-arch/xz-utils app-portage/elt-patches openmp? ( sys-devel/gcc[openmp] )"
