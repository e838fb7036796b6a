"""Small model files shipped with Rasad (each folder has a README naming source and licence)."""

from __future__ import annotations


def cpu_session_options(threads: int = 2):
    """onnxruntime session options for our encoders on the CPU: ``threads`` threads for one operator, one
    for running operators side by side (the graphs are one chain), and no spinning.

    Why no spinning: by default onnxruntime's worker threads spin between operators waiting for work. On a
    machine shared with other jobs (spaCy's parse in the same process, other reports, other users) the
    spinning threads take cores from the ones doing work: on the two-core bench machine, under load, the
    framing tagger's 15 news articles took 6.6 s of CPU and 25.8 s of wall time with spinning and 5.3 s and
    22.5 s without (bench notes: /work/notes/speed.md). The outputs are the same to the bit."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return options
