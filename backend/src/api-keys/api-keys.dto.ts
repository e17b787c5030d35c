import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiKeyScope } from './api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'my trading script' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ enum: ['read', 'write'], description: 'read: GET only; write: every route' })
  @IsIn(['read', 'write'], { message: "scope must be 'read' or 'write'" })
  scope!: ApiKeyScope;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['read', 'write'] }) scope!: ApiKeyScope;
  @ApiProperty({ description: 'First characters of the key' }) prefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself. Shown once: only its hash is stored.' }) key!: string;
}
