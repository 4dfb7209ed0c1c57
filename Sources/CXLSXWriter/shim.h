// OnTrack's glue to libxlsxwriter (Debian's libxlsxwriter-dev): the whole public API, of which
// OnTrackIO/XLSXWriter.swift uses the workbook, worksheet and format calls.
#ifndef ONTRACK_CXLSXWRITER_SHIM_H
#define ONTRACK_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
