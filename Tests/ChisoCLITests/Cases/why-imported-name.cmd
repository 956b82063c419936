# An imported notebook's own name, and a value set by a `with` line.
why notebooks/gop-y-2022/gop-y-stttt.chiso du_thao.tt.bao_ht@2022H1
