#ifndef WATCHNEXT_CNCURSES_SHIM_H
#define WATCHNEXT_CNCURSES_SHIM_H
// ncursesw with wide-character support. Macros and globals that Swift cannot import
// directly are wrapped as prefixed static inline functions.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncurses.h>
#include <term.h>

static inline WINDOW *CNCurses_stdscr(void) { return stdscr; }
static inline int CNCurses_lines(void) { return LINES; }
static inline int CNCurses_columns(void) { return COLS; }
static inline int CNCurses_colors(void) { return COLORS; }
static inline int CNCurses_colorPairs(void) { return COLOR_PAIRS; }
static inline int CNCurses_err(void) { return ERR; }
static inline int CNCurses_keyResize(void) { return KEY_RESIZE; }
static inline attr_t CNCurses_attrNormal(void) { return A_NORMAL; }
static inline attr_t CNCurses_attrBold(void) { return A_BOLD; }
static inline attr_t CNCurses_attrDim(void) { return A_DIM; }
static inline attr_t CNCurses_attrReverse(void) { return A_REVERSE; }
static inline attr_t CNCurses_attrUnderline(void) { return A_UNDERLINE; }
static inline attr_t CNCurses_colorPair(int pair) { return COLOR_PAIR(pair); }
static inline void CNCurses_setLocale(void) { setlocale(LC_ALL, ""); }
// 1 when TERM names a terminal that terminfo knows and that can address the cursor and clear
// the screen (what the explorer needs); 0 otherwise (an unknown TERM, TERM=dumb). Never exits,
// unlike initscr on an unknown terminal.
static inline int CNCurses_terminalUsable(void) {
  int status = 0;
  if (setupterm(NULL, 1, &status) != OK) return 0;
  char *cup = tigetstr("cup");
  char *clear = tigetstr("clear");
  int usable = cup != NULL && cup != (char *)-1 && clear != NULL && clear != (char *)-1;
  del_curterm(cur_term);
  return usable;
}
#endif
