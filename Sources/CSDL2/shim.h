#ifndef CSDL2_SHIM_H
#define CSDL2_SHIM_H
#define SDL_MAIN_HANDLED 1   /* Swift owns main(); the viewer calls SDL_SetMainReady() */
#include <SDL2/SDL.h>
#endif
