"""Tools beside the build, each calling the chain for what it needs: preflight of any PDF, previews and proofs,
and the translators' workflow (template, update, status, review, screenshots).
"""
