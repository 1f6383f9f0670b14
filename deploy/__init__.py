"""Production setup: nginx in front of Streamlit replicas (see serve.py)."""
