#ifndef SEEDCTL_CZLIB_SHIM_H
#define SEEDCTL_CZLIB_SHIM_H
#include <zlib.h>
#endif
