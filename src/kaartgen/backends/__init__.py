"""The libraries that make bytes and pixels, each in one module: ReportLab (PDF drawing and, in the same pass,
PDF/X; QR encoding), Pillow (logo pixels and colour conversion), pypdfium2 (rasterising PDFs).

Backends read model types only; they never compute layout.
"""
