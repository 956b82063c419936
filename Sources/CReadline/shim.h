// The headers of GNU readline, in the order they need: readline.h uses FILE from
// <stdio.h> without including it itself.
#ifndef CHISO_CREADLINE_SHIM_H
#define CHISO_CREADLINE_SHIM_H

#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

#endif
