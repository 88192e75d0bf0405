# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Filesystem baselayout and init scripts"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
IUSE="build +split-usr"
