    .syntax unified
    .cpu cortex-m4
    .thumb

    .section .isr_vector,"a",%progbits
    .word _estack
    .word Reset_Handler

    .text
    .thumb_func
Reset_Handler:
    ldr sp, =_estack
    bl SystemInit
    bl main
    b .
