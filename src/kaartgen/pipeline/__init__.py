"""The chain that runs the stages for each edition, and what surrounds it: selection, inputs, incremental and
parallel builds, atomic output and the manifest.
"""
