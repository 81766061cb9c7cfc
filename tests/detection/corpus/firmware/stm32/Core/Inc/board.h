#ifndef BOARD_H
#define BOARD_H

#include "stm32f4xx_hal.h"

#define LED_GREEN_PIN GPIO_PIN_12
#define LED_GREEN_PORT GPIOD
#define BUTTON_PIN GPIO_PIN_0

typedef enum {
    BOARD_OK = 0,
    BOARD_ERROR_CLOCK,
    BOARD_ERROR_GPIO,
} board_status_t;

board_status_t board_init(void);
void board_led_toggle(void);
uint32_t board_millis(void);

#endif
