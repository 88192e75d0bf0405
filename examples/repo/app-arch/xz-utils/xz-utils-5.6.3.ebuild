# Example ebuild for bootorder: dependency metadata only, nothing is built.

EAPI=8

DESCRIPTION="Utils for managing LZMA compressed files"
HOMEPAGE="https://example.org/bootorder"
LICENSE="public-domain LGPL-2.1+ GPL-2+"
SLOT="0"
KEYWORDS="amd64 arm64"
IUSE="+extra-filters nls static-libs"
BDEPEND="app-portage/elt-patches nls? ( sys-devel/gettext )"
