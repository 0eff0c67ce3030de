"""Rendering: the template context, safe Markdown, SVG charts, and the three outputs."""
