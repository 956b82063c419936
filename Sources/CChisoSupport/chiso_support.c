#include "chiso_support.h"
#include <stdio.h>

int chiso_format15(char *buffer, size_t size, double x) {
    return snprintf(buffer, size, "%.14e", x);
}
