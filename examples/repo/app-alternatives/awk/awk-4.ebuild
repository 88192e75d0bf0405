# Example ebuild for bootorder: dependency metadata only, nothing is built.
# Exactly one implementation is chosen, by default gawk (+gawk): stage 1's USE="-* ..."
# clears that default, so the REQUIRED_USE fails there unless a fix chooses one.

EAPI=8

DESCRIPTION="/bin/awk and /usr/bin/awk symlinks"
HOMEPAGE="https://example.org/bootorder"
LICENSE="CC0-1.0"
SLOT="0"
KEYWORDS="amd64 arm64"
IUSE="+gawk mawk"
REQUIRED_USE="^^ ( gawk mawk )"
RDEPEND="gawk? ( sys-apps/gawk ) mawk? ( sys-apps/mawk )"
