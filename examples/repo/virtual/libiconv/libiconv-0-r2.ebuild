# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Virtual for the GNU conversion library"
HOMEPAGE="https://example.org/bootorder"
LICENSE=""
SLOT="0"
KEYWORDS="amd64 arm64"
RDEPEND="elibc_glibc? ( sys-libs/glibc )"
