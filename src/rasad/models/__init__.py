"""Small model files shipped with Rasad (each folder has a README naming source and licence), and the
size of the thread pools that run them."""

from __future__ import annotations

import os
import sys

# Thread pools the native libraries start when first loaded read these variables then; those already
# loaded are limited through threadpoolctl instead (see use_cpus).
THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                   "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
DEFAULT_THREADS = 2  # one process on its own (a plain `rasad ingest`, the web app): see analysis_threads

_cpus: int | None = None  # set by use_cpus: the CPUs this process was given (a Ray actor's num_cpus)


def available_cores() -> int:
    """The cores this process may run on (its affinity mask: a container or taskset may give fewer
    than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def analysis_threads() -> int:
    """Threads for one onnxruntime operator in this process: the CPUs it was given (:func:`use_cpus`,
    as each Ray analysis actor does with its own), else ``RASAD_ANALYSIS_THREADS``, else two (or one on a
    one-core machine). Two, not every core: one analysis process keeps about 1.2 cores busy with two
    (spaCy's parse is single-threaded; the encoders are about a third of the CPU time), and more
    threads on small batches mostly wait for each other (docs/scale.md)."""
    if _cpus:
        return _cpus
    from rasad.config import get_settings

    configured = get_settings().analysis_threads
    if configured > 0:
        return configured
    return min(DEFAULT_THREADS, available_cores())


def use_cpus(cpus: int) -> None:
    """Size every thread pool of this process to ``cpus``: onnxruntime's sessions made from now on
    (:func:`cpu_session_options`), the BLAS and OpenMP pools numpy, scipy and scikit-learn loaded
    (threadpoolctl) or will load (the environment variables they read when loaded), and torch's if it
    is imported. A Ray actor of ``num_cpus=k`` calls this with ``k`` before loading the pipeline: each
    library's pools otherwise assume the whole machine, so N actors on N cores would run N times as
    many threads as cores and spend the difference switching between them."""
    global _cpus
    cpus = max(1, int(cpus))
    _cpus = cpus
    for name in THREAD_ENV_VARS:
        os.environ[name] = str(cpus)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # scikit-learn's dependency; without it, the variables above still hold
        pass
    else:
        threadpool_limits(limits=cpus)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(cpus)
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:  # only allowed before torch's first parallel work
            pass


def cpu_session_options(threads: int | None = None):
    """onnxruntime session options for our encoders on the CPU: ``threads`` threads for one operator
    (default :func:`analysis_threads`), one for running operators side by side (the graphs are one
    chain), and no spinning.

    Why no spinning: by default onnxruntime's worker threads spin between operators waiting for work. On a
    machine shared with other jobs (spaCy's parse in the same process, other reports, other users) the
    spinning threads take cores from the ones doing work: on the two-core bench machine, under load, the
    framing tagger's 15 news articles took 6.6 s of CPU and 25.8 s of wall time with spinning and 5.3 s and
    22.5 s without (bench notes: /work/notes/speed.md). The outputs are the same to the bit."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or analysis_threads()
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return options


def thread_pools() -> dict[str, object]:
    """The thread pools of this process's analysis: each encoder's onnxruntime threads (the models are
    loaded now if they were not), and each BLAS / OpenMP library loaded with its threads."""
    from threadpoolctl import threadpool_info

    from rasad.analysis.framing import get_model
    from rasad.models.mpnet import get_encoder

    return {"onnxruntime": {"framing": get_model().session.get_session_options().intra_op_num_threads,
                            "mpnet": get_encoder().session.get_session_options().intra_op_num_threads},
            "native": sorted({(i["internal_api"], i["num_threads"]) for i in threadpool_info()})}
