# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Virtual for operating system headers"
HOMEPAGE="https://example.org/bootorder"
LICENSE=""
SLOT="0"
KEYWORDS="amd64 arm64"
RDEPEND="sys-kernel/linux-headers:0"
