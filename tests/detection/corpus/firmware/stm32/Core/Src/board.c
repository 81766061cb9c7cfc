#include "board.h"

static volatile uint32_t ticks;

void SysTick_Handler(void) { ticks++; }

uint32_t board_millis(void) { return ticks; }

board_status_t board_init(void)
{
    if (HAL_Init() != HAL_OK)
        return BOARD_ERROR_CLOCK;
    __HAL_RCC_GPIOD_CLK_ENABLE();
    GPIO_InitTypeDef led = {
        .Pin = LED_GREEN_PIN,
        .Mode = GPIO_MODE_OUTPUT_PP,
        .Pull = GPIO_NOPULL,
        .Speed = GPIO_SPEED_FREQ_LOW,
    };
    HAL_GPIO_Init(LED_GREEN_PORT, &led);
    return BOARD_OK;
}

void board_led_toggle(void) { HAL_GPIO_TogglePin(LED_GREEN_PORT, LED_GREEN_PIN); }
