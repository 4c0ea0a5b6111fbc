"""PDF renderers (reportlab) with the embedded WenQuanYi Micro Hei font."""
