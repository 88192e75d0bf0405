# Example ebuild for bootorder: dependency metadata only, nothing is built.
# As Gentoo's virtual/zlib, without its sys-libs/zlib-ng alternative.

EAPI=8

DESCRIPTION="Virtual for libz.so providers"
HOMEPAGE="https://example.org/bootorder"
LICENSE=""
SLOT="0/1"
KEYWORDS="amd64 arm64"
IUSE="static-libs"
RDEPEND=">=sys-libs/zlib-1.3.1[static-libs?]"
