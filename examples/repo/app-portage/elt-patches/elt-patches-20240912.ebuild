# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Collection of patches for libtool.eclass"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
BDEPEND="app-arch/xz-utils"
