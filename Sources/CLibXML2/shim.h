// The libxml2 headers CXML uses. Only the CXML C target includes this; Swift code never imports it.
//
// libxml2 built with ICU pulls <unicode/ucnv.h> into its encoding header, and the system ICU clashes
// with the ICU inside Foundation ("'UErrorCode' has different definitions in different modules").
// Nothing here needs ICU, so read the configuration first and switch it off before the rest.
#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#endif
