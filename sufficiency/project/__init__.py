"""The project's wiring: the root URLs that put every area's pages together.

It lives in a package of its own because it imports every area; nothing in an area imports it,
so the areas themselves depend one way (docs/adr/0010-layout-and-one-way-dependencies.md).
"""
