import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { COMMUNE_SEARCH_LIMIT } from '@cp/admin-units';
import { OptionalIntegerQueryField } from '@cp/platform';

export class SearchCommunesQueryDto {
  @ApiProperty({
    description:
      'What the caller said: a 2025 commune name with or without diacritics or type word (phường / xã / ' +
      'đặc khu), its beginning, a misspelling, a 5-digit code or its first digits, or a pre-2025 commune ' +
      'or district name',
    minLength: 1,
    maxLength: 100,
    example: 'tu ky',
  })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'q must not be blank' })
  q: string;

  @ApiPropertyOptional({
    description: 'Only communes of this province (2-digit code, 2025 list)',
    example: '31',
  })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'province must be a 2-digit province code' })
  province?: string;

  @OptionalIntegerQueryField(1, COMMUNE_SEARCH_LIMIT.max, { default: COMMUNE_SEARCH_LIMIT.default })
  limit?: number;
}

export class CommuneCodeParamDto {
  @ApiProperty({ description: '5-digit commune code (2025 list)', example: '11074' })
  @Matches(/^\d{5}$/, { message: 'code must be a 5-digit commune code' })
  code: string;
}
