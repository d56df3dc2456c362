// The main() of a tool made by weft_add_tool: the command line over the protocols its files registered.
#include <weft/cli/main.hpp>

int main(int argc, char** argv) { return weft::cli::main(argc, argv); }
