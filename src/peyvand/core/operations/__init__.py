"""Operations: the health probe, Prometheus metrics, JSON logs, the trusted-proxy rule."""
