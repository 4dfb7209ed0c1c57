// OnTrack's only C glue: the CBLAS and LAPACKE entry points from Debian's libopenblas-dev and
// liblapacke-dev. Swift cannot see the `lapack_int` macro; callers use Int32.
#ifndef ONTRACK_COPENBLAS_SHIM_H
#define ONTRACK_COPENBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
