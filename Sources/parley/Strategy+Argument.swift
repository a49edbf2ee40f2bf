import ArgumentParser
import ParleyKit

/// Strategy names on the command line are the catalogue's raw values; `--help` lists them.
extension Strategy: ExpressibleByArgument {}
