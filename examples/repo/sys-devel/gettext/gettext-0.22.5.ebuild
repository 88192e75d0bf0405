# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="GNU locale utilities"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-3+ LGPL-2.1+"
SLOT="0"
KEYWORDS="amd64 arm64"
IUSE="+acl +cxx +xattr nls"
DEPEND="virtual/libiconv"
RDEPEND="virtual/libiconv"
BDEPEND="app-arch/xz-utils app-portage/elt-patches"
