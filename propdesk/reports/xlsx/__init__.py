"""Excel renderers (openpyxl): title block, money as numbers, frozen header, autofilter."""
