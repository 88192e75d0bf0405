# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Standard (de)compression library"
HOMEPAGE="https://example.org/bootorder"
LICENSE="ZLIB"
SLOT="0/1"
KEYWORDS="amd64 arm64"
IUSE="minizip static-libs"
BDEPEND="minizip? ( app-portage/elt-patches )"
