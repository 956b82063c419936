# A scalar whose value comes from another department's `with`, passed on.
why notebooks/gop-y-2022/gop-y-stttt.chiso to_roi
