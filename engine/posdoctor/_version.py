"""The package version, in a module of its own: the KB cache keys on it without importing the
package's public names."""

__version__ = "0.1.0"
