# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="An (often faster than gawk) awk-interpreter"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
