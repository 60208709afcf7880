# cmake -DIN=x.po -DOUT=x.cpp -DNAME=kSymbol -P embed_po.cmake: writes x.cpp defining
# `extern const std::string_view kSymbol` in llada::app holding x.po's bytes (a raw string literal).
file(READ ${IN} text)
get_filename_component(base ${IN} NAME)
string(FIND "${text}" ")po\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the sequence )po\" that ends the embedded string; reword it")
endif()
file(WRITE ${OUT}.tmp "// Generated from app/i18n/${base} by embed_po.cmake; do not edit.\n#include <string_view>\n"
  "namespace llada::app {\nextern const std::string_view ${NAME};\n"
  "const std::string_view ${NAME} = R\"po(${text})po\";\n}  // namespace llada::app\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
