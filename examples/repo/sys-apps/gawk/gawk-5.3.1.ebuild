# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="GNU awk pattern-matching language"
HOMEPAGE="https://example.org/bootorder"
LICENSE="GPL-3+"
SLOT="0"
KEYWORDS="amd64 arm64"
IUSE="nls"
BDEPEND="nls? ( sys-devel/gettext )"
