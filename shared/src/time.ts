/** All user-facing dates and times are in China Standard Time. */
export const TIME_ZONE = 'Asia/Shanghai';
