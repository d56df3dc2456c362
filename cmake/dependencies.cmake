# Finds weft's dependencies: Debian packages only (scripts/setup installs them).
find_package(Boost 1.74 REQUIRED)
find_package(cereal REQUIRED CONFIG)
find_package(PkgConfig REQUIRED)
pkg_check_modules(xxhash REQUIRED IMPORTED_TARGET GLOBAL libxxhash)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET GLOBAL libsodium)
