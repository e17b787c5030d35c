import { ApiProperty } from '@nestjs/swagger';

export class WatchlistDto {
  @ApiProperty({ example: ['BTC/USDT', 'SOL/USDT'], type: [String], description: 'Starred markets that are tracked, in the order starred' })
  symbols!: string[];
}
